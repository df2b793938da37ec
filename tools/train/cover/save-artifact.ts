/** Hands a trained file to `npm run train`, which writes it under assets/models/<model>/. */

declare global {
  interface Window {
    __saveArtifact?: (name: string, base64: string) => Promise<void>;
  }
}

export async function saveArtifact(name: string, data: ArrayBuffer | string): Promise<void> {
  if (!window.__saveArtifact) throw new Error('saving is only available under npm run train');
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(data);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  await window.__saveArtifact(name, btoa(binary));
}
