/**
 * Changes to a statement's text by offsets, applied at once: everything no
 * edit covers stays byte for byte, comments and spacing included.
 */

export interface TextSpan {
  start: number;
  end: number;
}

interface Edit extends TextSpan {
  text: string;
}

export class TextEdits {
  private readonly edits: Edit[] = [];

  replace(span: TextSpan, text: string): void {
    this.edits.push({ start: span.start, end: span.end, text });
  }

  remove(span: TextSpan): void {
    this.replace(span, '');
  }

  /**
   * Removes some items of a comma-separated list with their separators: a run
   * of removed items goes with the comma before it, or with the comma after it
   * when it opens the list. The caller makes sure at least one item is kept.
   */
  removeListItems(items: TextSpan[], removed: boolean[]): void {
    for (let i = 0; i < items.length; i++) {
      if (!removed[i]) continue;
      let last = i;
      while (removed[last + 1]) last++;
      if (i > 0) this.remove({ start: items[i - 1].end, end: items[last].end });
      else if (last + 1 < items.length) this.remove({ start: items[i].start, end: items[last + 1].start });
      else throw new Error('Every item of the list would be removed.');
      i = last;
    }
  }

  apply(text: string): string {
    const sorted = [...this.edits].sort((a, b) => a.start - b.start || a.end - b.end);
    let out = '';
    let last = 0;
    for (const edit of sorted) {
      if (edit.start < last) throw new Error(`Overlapping edits at offset ${edit.start}.`);
      out += text.slice(last, edit.start) + edit.text;
      last = edit.end;
    }
    return out + text.slice(last);
  }
}
