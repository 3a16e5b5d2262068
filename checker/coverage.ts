// TLC's coverage: per action, how many successors it produced (duplicates included) and how many
// of them were new distinct states. An action that never produced one was never enabled.
import type { ActionParams, State } from './model.ts';
import type { SearchObserver } from './search-observer.ts';

export interface ActionCoverage {
  readonly action: string;
  readonly fired: number;
  readonly distinct: number;
}

export class CoverageObserver implements SearchObserver {
  private readonly fired: number[];
  private readonly distinct: number[];

  constructor(private readonly actionNames: readonly string[]) {
    this.fired = actionNames.map(() => 0);
    this.distinct = actionNames.map(() => 0);
  }

  state(_s: State, _index: number, _parent: number): void {}

  edge(_parent: number, action: number, _params: ActionParams | undefined, _hi: number, _lo: number, target: number): void {
    this.fired[action]!++;
    if (target >= 0) this.distinct[action]!++;
  }

  report(): ActionCoverage[] {
    return this.actionNames.map((action, a) => ({ action, fired: this.fired[a]!, distinct: this.distinct[a]! }));
  }
}
