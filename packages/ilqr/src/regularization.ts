/**
 * The Levenberg–Marquardt schedule of Tassa, Erez & Todorov (IROS 2012, Sec. II-F): μ grows
 * quickly while backward passes fail or steps are rejected and shrinks quickly after successes.
 *
 *   increase: Δ ← max(Δ0, Δ·Δ0),  μ ← max(μ_min, μ·Δ)
 *   decrease: Δ ← min(1/Δ0, Δ/Δ0), μ ← μ·Δ if μ·Δ > μ_min, else 0
 */
export class RegularizationSchedule {
  mu: number;
  private delta = 1;
  private readonly factor: number;
  private readonly min: number;
  private readonly max: number;

  constructor(muInit: number, muMin: number, muMax: number, factor: number) {
    this.mu = muInit;
    this.min = muMin;
    this.max = muMax;
    this.factor = factor;
  }

  /** Raises μ; returns false when it has passed μ_max (the caller stops). */
  increase(): boolean {
    this.delta = Math.max(this.factor, this.delta * this.factor);
    this.mu = Math.max(this.min, this.mu * this.delta);
    return this.mu <= this.max;
  }

  decrease(): void {
    this.delta = Math.min(1 / this.factor, this.delta / this.factor);
    const next = this.mu * this.delta;
    this.mu = next > this.min ? next : 0;
  }
}
