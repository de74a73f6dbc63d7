/** Scheduling shared by every long loop on the page and in workers. */

/** Resolves on the next turn of the event loop (a message, not a timer: timers are clamped to ≥ 4 ms when nested). */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
