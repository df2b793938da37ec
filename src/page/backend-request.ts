/**
 * Which backend a page asks for: `?backend=` in the URL (a visitor's or
 * tester's override for this visit) wins over an element's `backend` attribute.
 */
import { type BackendRequest, parseBackendRequest } from '../core/backend/backend-choice.js';

export function resolveBackendRequest(
  attribute: string | null | undefined,
  search = globalThis.location?.search ?? '',
): BackendRequest {
  const fromUrl = parseBackendRequest(new URLSearchParams(search).get('backend'));
  return fromUrl !== 'auto' ? fromUrl : parseBackendRequest(attribute);
}
