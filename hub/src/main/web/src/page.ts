import type { WhoAmI } from './api';

/** What a page gets: where to render, who is signed in, and where to register its clean-up. */
export interface PageContext {
  main: HTMLElement;
  session: WhoAmI;
  /** Called when the user leaves the page: unsubscribe from events, stop plots. */
  onLeave(cleanup: () => void): void;
}

export type Page = (context: PageContext, ...params: string[]) => void | Promise<void>;
