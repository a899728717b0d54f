/** Titles longer than the limit are cut at a word, with a mark, and the reply can say where. */
import { TITLE_MAX } from '../../schemas';

const ELLIPSIS = '…';

/**
 * The title as it can be stored: at most TITLE_MAX characters. A longer one is cut after the last
 * whole word that fits (mid-word only when a single word is longer than the limit) and ends in "…";
 * `cut` then tells the last words kept and the text left out.
 */
export function shortenTitle(title: string): { title: string; cut?: { after: string; dropped: string } } {
  if (title.length <= TITLE_MAX) return { title };
  const room = TITLE_MAX - ELLIPSIS.length;
  const space = title.lastIndexOf(' ', room);
  const end = space > room / 2 ? space : room;
  const kept = title.slice(0, end).replace(/[\s,;:.!?-]+$/, '');
  const dropped = title.slice(end).trim();
  const lastWords = kept.split(' ').slice(-4).join(' ');
  return { title: `${kept}${ELLIPSIS}`, cut: { after: lastWords, dropped } };
}
