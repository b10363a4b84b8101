/**
 * Which islands a page rendered. Island markers add their name while the page renders; the document's last
 * element reads the set and adds the bundle's script tag only when there is something to hydrate, so pages
 * without islands load no JavaScript at all. (Rendering is depth-first and in order, so the set is complete
 * by the time the end of <body> renders.)
 */
import { createContext } from "preact";

export const IslandsOnPage = createContext<Set<string> | undefined>(undefined);
