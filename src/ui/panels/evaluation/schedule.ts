/**
 * Resolves in a later task (a message, not a clamped timer). Each chart awaits it before drawing, so four Plotly
 * renders after one evaluation are four short tasks instead of one long one.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
