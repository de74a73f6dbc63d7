/** The message of anything thrown, for a status line: an Error's message, else its string form. */
export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
