// Catalog notifications from meta to one compute node: queued by meta, delivered later, in order.
// The delay between the two is the window in which a node still believes a dropped table exists.
import type { CatalogEvent, Hop } from './types.ts';
import { direct } from './types.ts';

export class NotificationChannel {
  private readonly queue: CatalogEvent[] = [];

  constructor(private readonly deliver: (event: CatalogEvent) => Promise<void>, private readonly hop: Hop = direct) {}

  /** Meta side: enqueue, return at once (a broadcast does not wait for its subscribers). */
  publish(event: CatalogEvent): void {
    this.queue.push(event);
  }

  /** Events published and not yet delivered, oldest first. */
  pending(): readonly CatalogEvent[] {
    return [...this.queue];
  }

  /** Delivers the oldest pending event; false when there was none. */
  async deliverNext(): Promise<boolean> {
    const event = this.queue.shift();
    if (event === undefined) return false;
    await this.hop(`notify ${event.op} ${event.table}`, () => this.deliver(event));
    return true;
  }

  /** Meta restarted: the events it had not delivered are lost with its memory. */
  clear(): void {
    this.queue.length = 0;
  }

  /** Delivers everything pending, in order. */
  async drain(): Promise<void> {
    while (await this.deliverNext()) { /* in order, one at a time */ }
  }
}
