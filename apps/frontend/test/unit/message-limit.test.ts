/** The chat message limit: said clearly, never enforced by cutting text. */
import { expect } from 'expect';
import { describe, test } from 'node:test';
import { lengthCounter, MESSAGE_MAX, messageLength, messageTooLong } from '../../lib/message-limit';

describe('message limit', () => {
  test('up to the backend limit is fine', () => {
    expect(MESSAGE_MAX).toBe(4000);
    expect(messageTooLong('x'.repeat(4000))).toBeUndefined();
    // What is sent is trimmed, so surrounding blanks do not count.
    expect(messageTooLong(`  ${'x'.repeat(4000)}\n`)).toBeUndefined();
  });

  test('beyond it, the message says by how much', () => {
    expect(messageTooLong('x'.repeat(5000))).toBe(
      'Your message is 5,000 characters; the limit is 4,000. ' +
        'Shorten it by 1,000 to send it, or split it into several messages.',
    );
  });

  test('characters are counted by code point, as the backend validates them', () => {
    expect(messageLength('😀'.repeat(10))).toBe(10);
    expect(messageTooLong('😀'.repeat(4000))).toBeUndefined();
    expect(lengthCounter('😀'.repeat(3999))).toBe('3,999 / 4,000');
  });
});
