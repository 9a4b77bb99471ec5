import type { CellOutput, LinkAction, OutputRef } from '../core/notebook/outputModel';

/**
 * The notebook renderer and the extension talk through VS Code's renderer messaging: the renderer asks for a
 * fresh output (an output read from the store while a run went on) and sends link clicks; each refresh request
 * gets exactly one `output` answer with its id.
 */
export type RendererToExtension =
  | { type: 'refresh'; requestId: number; ref: OutputRef }
  | { type: 'link'; action: LinkAction; runIds: string[] };

export type ExtensionToRenderer = { type: 'output'; requestId: number; output: CellOutput } | { type: 'outputFailed'; requestId: number; message: string };
