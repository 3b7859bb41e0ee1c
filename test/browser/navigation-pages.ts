// The two pages (A and B) that the navigation suites click between, around test/views/navigation.ejs,
// with a framework's files served as one script.
import { readFileSync } from 'node:fs';
import type { Express } from 'express';

export interface NavigationPages {
  /** Where the pages live: `${base}/a`, `${base}/b`; the view's forms post to `${base}/login` and `/logout`. */
  base: string;
  /** The framework's files, in order. */
  library: string[];
  /** Attributes for <body>, such as htmx's boost. */
  boost: string;
  /** Markup for <head>. */
  head?: string;
}

/** Serves `${base}/a`, `${base}/b` and, at /library.js, the framework. */
export function serveNavigationPages(app: Express, { base, library, boost, head = '' }: NavigationPages): void {
  const script = library.map((file) => readFileSync(file, 'utf8')).join(';\n');
  app.get('/library.js', (_req, res) => res.type('js').send(script));
  for (const page of ['a', 'b']) {
    app.get(`${base}/${page}`, (_req, res) =>
      res.render('navigation', { title: `Page ${page.toUpperCase()}`, base, library: '/library.js', boost, head }),
    );
  }
}
