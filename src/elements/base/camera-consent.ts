/**
 * The visitor's "Start camera" click, remembered for the browser session
 * (sessionStorage), and shared by every element of the page: nothing calls
 * getUserMedia before that click, or before a host says `autostart`.
 */
const CONSENT_KEY = 'ml-elements:camera-consent';

export function cameraConsented(): boolean {
  try {
    return sessionStorage.getItem(CONSENT_KEY) === 'yes';
  } catch {
    return false; // storage disabled: ask again on every page
  }
}

export function rememberCameraConsent(): void {
  try {
    sessionStorage.setItem(CONSENT_KEY, 'yes');
  } catch {
    // Storage disabled: the click still starts this element's camera.
  }
}
