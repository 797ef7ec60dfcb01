// Just enough Markdown for checking the docs' links: headings, their GitHub anchors, and inline
// links outside code. A parser library would be one more dependency for what a few lines do.

export interface MarkdownLink {
  text: string;
  target: string;
}

/** The lines outside fenced code blocks. */
function outsideFences(markdown: string): string[] {
  const kept: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.split('\n')) {
    const opening = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === null && opening !== undefined) {
      fence = opening;
      continue;
    }
    if (fence !== null) {
      if (line.trim().startsWith(fence)) fence = null;
      continue;
    }
    kept.push(line);
  }
  return kept;
}

/** The text outside code: fences dropped, inline code spans blanked (links there are text). */
function prose(markdown: string): string {
  // A code span may run over a line break; its backticks close it with as many.
  return outsideFences(markdown)
    .join('\n')
    .replace(/(`+)[\s\S]*?\1/g, ' ');
}

/** Inline links and images, `[text](target)` or `[text](target "title")`, outside code. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const match of prose(markdown).matchAll(
    /!?\[([^\]]*)\]\(\s*<?([^\s)>]+)>?(?:\s+"[^"]*")?\s*\)/g,
  )) {
    links.push({ text: match[1] ?? '', target: match[2] ?? '' });
  }
  return links;
}

/** ATX headings (`## Title`) outside code, as their text. */
export function markdownHeadings(markdown: string): string[] {
  const headings: string[] = [];
  for (const line of outsideFences(markdown)) {
    const match = /^ {0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (match?.[1] !== undefined) headings.push(match[1]);
  }
  return headings;
}

/**
 * The anchor GitHub gives a heading (github-slugger's rules): the rendered text lower-cased, ASCII
 * punctuation but `-` and `_` dropped, each space a hyphen; a repeated one gets `-1`, `-2`, ...
 */
export function githubAnchors(headings: readonly string[]): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const heading of headings) {
    const text = heading.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
    const slug = text
      .toLowerCase()
      .replace(/[!-,./:-@[-^`{-~]/g, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}
