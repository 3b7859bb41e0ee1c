// parse5 views of emitted HTML: which elements the HTML parser really sees.
import { parse, type DefaultTreeAdapterMap } from 'parse5';

export type Element = DefaultTreeAdapterMap['element'];
type Node = DefaultTreeAdapterMap['node'];

export function elementsOf(html: string): Element[] {
  const found: Element[] = [];
  const walk = (node: Node) => {
    if ('tagName' in node) found.push(node);
    if ('childNodes' in node) node.childNodes.forEach(walk);
    if ('content' in node) walk(node.content);
  };
  walk(parse(html));
  return found;
}

export const scriptElements = (html: string) => elementsOf(html).filter((e) => e.tagName === 'script');

export const attr = (element: Element, name: string) => element.attrs.find((a) => a.name === name)?.value;

export function textOf(element: Element): string {
  return element.childNodes.map((n) => ('value' in n ? (n as { value: string }).value : '')).join('');
}
