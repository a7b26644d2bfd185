/**
 * The ids seen so far in a kind, for finding duplicate rows. Exports usually list records in id
 * order (the Data Loader does): while ids keep increasing, a new id cannot have been seen, and an
 * array of them is all that is kept. The first id out of order turns the array into a Set.
 */
export class IdSet {
  private last = '';
  private inOrder: string[] | undefined = [];
  private set: Set<string> | undefined;

  /** Adds the id; false when it was already there. */
  add(id: string): boolean {
    if (this.inOrder) {
      if (id > this.last || this.inOrder.length === 0) {
        this.inOrder.push(id);
        this.last = id;
        return true;
      }
      this.set = new Set(this.inOrder);
      this.inOrder = undefined;
    }
    if (this.set!.has(id)) return false;
    this.set!.add(id);
    return true;
  }
}
