import { isAlias, isCollection, isMap, isPair, LineCounter, parseAllDocuments, type Node } from 'yaml';
import type { FileKind, SourceFile } from '../types.js';
import { mayAlias } from './may-alias.js';

export const MAX_FILE_BYTES = 1024 * 1024;
/** How many nodes a document may expand to through aliases, as a multiple of its own size, before it counts as an alias bomb. */
const MAX_ALIAS_EXPANSION = 20;

export type ParseOutcome = { ok: true; file: SourceFile } | { ok: false; error: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes and parses one file, refusing anything a rule could not edit safely, with a reason a person can act on. */
export function parseSource(path: string, kind: FileKind, bytes: Uint8Array): ParseOutcome {
  if (bytes.byteLength > MAX_FILE_BYTES) {
    return {
      ok: false,
      error: `file is ${bytes.byteLength} bytes; files over ${MAX_FILE_BYTES} bytes (1 MiB) are not processed`,
    };
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, error: 'file is not valid UTF-8' };
  }
  return parseText(path, kind, text);
}

export function parseText(path: string, kind: FileKind, text: string): ParseOutcome {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true });
  if (!Array.isArray(docs)) return { ok: false, error: 'file holds no YAML document' };
  if (docs.length !== 1)
    return { ok: false, error: `file holds ${docs.length} YAML documents; a ${kind} file has exactly one` };
  const doc = docs[0]!;
  const first = doc.errors[0];
  if (first) {
    const line = lines.linePos(first.pos[0]).line;
    return { ok: false, error: `invalid YAML at line ${line}: ${describeYamlError(first.code, first.message)}` };
  }
  if (!isMap(doc.contents)) return { ok: false, error: `the top level of a ${kind} file must be a mapping` };
  // A document whose aliases name no anchor expands to its own size.
  const expansion = mayAlias(text) ? aliasExpansion(doc.contents) : { own: 0, expanded: 0 };
  if (expansion.expanded > Math.max(10_000, expansion.own * MAX_ALIAS_EXPANSION)) {
    return {
      ok: false,
      error: `aliases expand this file to over ${expansion.expanded} nodes; refused as a possible alias bomb`,
    };
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { ok: true, file: { path, kind, text, doc, lines, eol, model: {} } };
}

function describeYamlError(code: string, message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  if (code === 'DUPLICATE_KEY') return `duplicate key (${firstLine})`;
  if (/tab/i.test(firstLine)) return `tab characters are not allowed in YAML indentation (${firstLine})`;
  return firstLine;
}

/** Counts nodes with and without alias expansion, memoised per anchored node so the count itself stays linear. */
function aliasExpansion(root: Node): { own: number; expanded: number } {
  const memo = new Map<Node, number>();
  let own = 0;
  const anchors = new Map<string, Node>();
  const visit = (node: Node | null | undefined): number => {
    if (!node) return 0;
    if (isAlias(node)) {
      own++;
      const target = anchors.get(node.source);
      return target ? (memo.get(target) ?? 1) : 1;
    }
    own++;
    let size = 1;
    if (isCollection(node)) {
      for (const item of node.items) {
        if (isPair(item)) size += visit(item.key as Node) + visit(item.value as Node);
        else size += visit(item as Node);
      }
    }
    if (node.anchor) {
      anchors.set(node.anchor, node);
      memo.set(node, size);
    }
    return size;
  };
  const expanded = visit(root);
  return { own, expanded };
}
