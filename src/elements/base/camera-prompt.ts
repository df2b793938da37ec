/**
 * What a camera element shows before its camera runs: why it wants the
 * camera, that the video stays on the device, and one "Start camera" button
 * (the visitor's click is the only thing that asks the browser); after a
 * refusal, how to allow it and "Try again".
 */
import { html, nothing } from 'lit';
import type { CameraController } from './camera-controller.js';

export function cameraPrompt(camera: CameraController, purpose: string) {
  const denied = camera.state === 'denied';
  if (camera.allowed && !denied) return nothing;
  return html`<div part="camera-prompt" class="camera-prompt">
    <p>${denied ? camera.message : purpose}</p>
    ${denied ? nothing : html`<p class="fine">The video stays on this device: nothing is recorded or uploaded.</p>`}
    <button class="primary" @click=${() => void camera.startByVisitor()}>${denied ? 'Try again' : 'Start camera'}</button>
  </div>`;
}
