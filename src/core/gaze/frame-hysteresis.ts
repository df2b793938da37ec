/**
 * Quantises a continuous frame coordinate with a dead band: the shown frame
 * changes only once the coordinate is more than half a step plus `band` away
 * from it, so a value resting between two frames never flickers.
 */
export class FrameHysteresis {
  private shown: number | null = null;

  constructor(
    private readonly steps: number,
    private readonly band = 0.25,
  ) {}

  update(coordinate: number): number {
    const nearest = Math.min(this.steps - 1, Math.max(0, Math.round(coordinate)));
    if (this.shown === null || Math.abs(coordinate - this.shown) > 0.5 + this.band) this.shown = nearest;
    return this.shown;
  }

  get current(): number | null {
    return this.shown;
  }

  reset(): void {
    this.shown = null;
  }
}
