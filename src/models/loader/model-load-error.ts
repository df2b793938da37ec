/** Why a model could not be loaded; the message names the model and what was expected. */
export type ModelLoadProblem = 'missing' | 'corrupt' | 'network' | 'invalid';

export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
  constructor(
    readonly model: string,
    readonly problem: ModelLoadProblem,
    message: string,
  ) {
    super(`Model "${model}": ${message}`);
  }
}
