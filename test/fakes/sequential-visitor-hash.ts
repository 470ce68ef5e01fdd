import type { VisitorHash } from '../../core/visits/visitor-hash.js';

/** Gives each distinct text the next hex number, in the order first seen: the same text, the same id. */
export class SequentialVisitorHash implements VisitorHash {
  private readonly ids = new Map<string, string>();

  digest(text: string): string {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = (this.ids.size + 1).toString(16).padStart(64, '0');
      this.ids.set(text, id);
    }
    return id;
  }
}
