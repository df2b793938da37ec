/**
 * Sample-rate conversion to the feature rate: band-limited (windowed-sinc)
 * interpolation, with the cut-off at the lower rate's Nyquist so downsampling
 * does not fold high frequencies into the mel bands. Written here because the
 * resamplers on npm are either unmaintained or need Web Audio, which is not
 * in workers or Node. Pure.
 */

/** Zero crossings of the sinc on each side: 16 gives > 60 dB stop band with the Blackman window. */
const HALF_WIDTH = 16;

export function resample(input: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return input;
  const ratio = to / from;
  const out = new Float32Array(Math.floor(input.length * ratio));
  const cutoff = Math.min(1, ratio); // relative to the input's Nyquist
  const reach = HALF_WIDTH / cutoff; // input samples each side
  for (let j = 0; j < out.length; j++) {
    const centre = j / ratio;
    const first = Math.max(0, Math.ceil(centre - reach));
    const last = Math.min(input.length - 1, Math.floor(centre + reach));
    let sum = 0;
    let weight = 0;
    for (let i = first; i <= last; i++) {
      const t = i - centre;
      const w = cutoff * sinc(cutoff * t) * blackman(t / reach);
      sum += input[i]! * w;
      weight += w;
    }
    out[j] = weight ? sum / weight : 0; // normalised: edges keep their level
  }
  return out;
}

function sinc(x: number): number {
  if (x === 0) return 1;
  const px = Math.PI * x;
  return Math.sin(px) / px;
}

/** Blackman window over -1…1. */
function blackman(u: number): number {
  if (Math.abs(u) >= 1) return 0;
  const x = Math.PI * (u + 1);
  return 0.42 - 0.5 * Math.cos(x) + 0.08 * Math.cos(2 * x);
}
