/**
 * Resolves in a later task (a message, not a clamped timer). Each chart awaits it before drawing, so four Plotly
 * renders after one evaluation are four short tasks instead of one long one.
 */
export { yieldToEventLoop as nextTask } from '../../../cluster';
