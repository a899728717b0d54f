/** The backend accepts chat messages up to this many characters (its own limit, not ours to change). */
export const MESSAGE_MAX = 4000;

const count = new Intl.NumberFormat('en-US');

/** Characters of what would be sent (trimmed), counted as the backend's JSON Schema does: by code point. */
export function messageLength(text: string): number {
  return Array.from(text.trim()).length;
}

/** Why a draft cannot be sent as it is, or undefined when it can. */
export function messageTooLong(text: string): string | undefined {
  const length = messageLength(text);
  if (length <= MESSAGE_MAX) return undefined;
  return (
    `Your message is ${count.format(length)} characters; the limit is ${count.format(MESSAGE_MAX)}. ` +
    `Shorten it by ${count.format(length - MESSAGE_MAX)} to send it, or split it into several messages.`
  );
}

/** The counter under the message box, e.g. "3,812 / 4,000". */
export function lengthCounter(text: string): string {
  return `${count.format(messageLength(text))} / ${count.format(MESSAGE_MAX)}`;
}
