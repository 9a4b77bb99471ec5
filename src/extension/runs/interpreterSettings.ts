import * as vscode from 'vscode';
import { resolveInterpreter } from '../../core/runs/interpreter';

interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } };
}

/** The Python the user chose: the Python extension's selected interpreter when present, else mlcycle.pythonPath. */
async function pythonInterpreter(resource: vscode.Uri | undefined): Promise<string> {
  const python = vscode.extensions.getExtension<PythonExtensionApi>('ms-python.python');
  if (python) {
    try {
      const api = python.isActive ? python.exports : await python.activate();
      const path = api?.environments?.getActiveEnvironmentPath(resource)?.path;
      if (path) return path;
    } catch {
      // fall back to the setting
    }
  }
  return vscode.workspace.getConfiguration('mlcycle', resource).get<string>('pythonPath') || 'python3';
}

export async function interpreterFor(script: string, resource: vscode.Uri | undefined): Promise<string[]> {
  const overrides = vscode.workspace.getConfiguration('mlcycle', resource).get<Record<string, string>>('interpreters') ?? {};
  return resolveInterpreter(script, { overrides, python: await pythonInterpreter(resource) });
}
