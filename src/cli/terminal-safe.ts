/**
 * Control characters never reach the terminal raw: a name holding ESC could otherwise rewrite
 * the screen or hide text. Newlines and tabs stay (messages are multi-line); everything else in
 * C0, DEL and the C1 range is shown as \xHH.
 */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export const terminalSafe = (text: string): string =>
  text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
