/**
 * Helmet's directives for every response: pages load one script and one stylesheet from this origin and talk only
 * to it; no inline code, no framing, no plugins. Links to GitHub are navigations, which CSP does not restrict.
 */
export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
    objectSrc: ["'none'"],
    manifestSrc: ["'self'"],
  },
};

/**
 * bull-board's React page (operators only) sets <base href> and inline styles; it gets those two and nothing more.
 * Its request for Google Fonts is refused on purpose: the page falls back to system fonts.
 */
export const ADMIN_CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: { ...CONTENT_SECURITY_POLICY.directives, baseUri: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"] },
};
