/**
 * The best name score per entry during one query, and the name that gave it: typed arrays indexed by
 * entry and stamped with the query's number (a query scores a few hundred names; four Maps per query,
 * and a lookup and an update per name scored, cost more than the scoring around them).
 */
export class EntryBestScores {
  count = 0
  query = 0
  readonly stamp: Int32Array
  readonly score: Float64Array
  readonly name: Int32Array
  /** the entries set during this query, in the order first set */
  readonly entries: Int32Array

  constructor(entryCount: number) {
    this.stamp = new Int32Array(entryCount)
    this.score = new Float64Array(entryCount)
    this.name = new Int32Array(entryCount)
    this.entries = new Int32Array(entryCount)
  }

  /** forget the previous query's scores */
  begin(): void {
    this.query++
    this.count = 0
  }

  has(entry: number): boolean {
    return this.stamp[entry] === this.query
  }

  set(entry: number, score: number, name: number): void {
    if (this.stamp[entry] !== this.query) {
      this.stamp[entry] = this.query
      this.entries[this.count++] = entry
    }
    this.score[entry] = score
    this.name[entry] = name
  }
}
