// What the router mounts: a root element, a title and a cleanup function.

export interface View {
  el: HTMLElement;
  title: string;
  /** Stops timers and sockets the view owns. */
  destroy(): void;
}

export type Navigate = (hash: string) => void;
