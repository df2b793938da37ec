/**
 * Models on the eval page's own thread (training and comparisons need direct
 * tensor access): backend chosen as the worker would, models from the same
 * verified manifest.
 */
import { selectBackend } from '../../../src/runtime/backend/select-backend.js';
import type { BackendInfo } from '../../../src/core/backend/backend-choice.js';
import { getAssetBase } from '../../../src/page/assets.js';
import { ModelRegistry } from '../../../src/models/loader/model-registry.js';
import type { TaskContext } from '../task-context.js';

export async function pageModels(ctx: TaskContext): Promise<{ info: BackendInfo; registry: ModelRegistry }> {
  const info = await selectBackend({ request: ctx.backend, assetBase: getAssetBase(), remembered: null });
  ctx.progress(`page backend ${info.backend}: ${info.reason}`);
  return { info, registry: new ModelRegistry(new URL('models/', getAssetBase()).href) };
}
