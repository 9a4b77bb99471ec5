/** The Python lines a view suggests when something it needs was not logged. */
export const howTo = {
  logMetric: (key: string, context: string) => `mlcycle.log_metric("${key}", value, context="${context}")`,
  logPredictions: 'mlcycle.log_predictions(ids, y_true, y_pred, features=...)',
  setBaseline: (experiment: string) => `mlcycle baseline set ${quoteArg(experiment)} 0.05 (or set it in the bias/variance view)`,
  logTrainSize: 'mlcycle.log_param("train_size", n) in runs that differ only in it, or mlcycle.log_metric("train_size", n, step=step) beside the accuracy',
};

/** A command-line argument as a person would type it: quoted when it holds more than word characters. */
export function quoteArg(text: string): string {
  return /^[\w.-]+$/.test(text) ? text : `"${text.replace(/"/g, '\\"')}"`;
}
