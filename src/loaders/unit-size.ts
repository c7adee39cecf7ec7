/**
 * Remembers, per tenant, how many numbers the last `numbers/list` returned. It is a planning
 * hint, not cached data: no number ever leaves the request that loaded it. Bounded, oldest
 * entry out first.
 */
export class UnitSizeMemory {
  private readonly sizes = new Map<string, number>();

  constructor(private readonly maxEntries = 10_000) {}

  get(tenantKey: string): number | undefined {
    return this.sizes.get(tenantKey);
  }

  set(tenantKey: string, size: number): void {
    this.sizes.delete(tenantKey);
    this.sizes.set(tenantKey, size);
    if (this.sizes.size > this.maxEntries) {
      const oldest = this.sizes.keys().next().value;
      if (oldest !== undefined) this.sizes.delete(oldest);
    }
  }
}
