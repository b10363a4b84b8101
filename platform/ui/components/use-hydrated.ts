/**
 * False while the page is server-rendered HTML, true once the island runs in the browser. Submit buttons stay
 * disabled until then, so a form is never posted natively (which would put its fields in a request the server
 * does not expect) before its handler exists.
 */
import { useEffect, useState } from "preact/hooks";

export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
