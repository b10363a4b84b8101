/**
 * The browser bundle's entry: hydrates every island the server marked. Everything else on the page is plain
 * server-rendered HTML and stays as it is.
 */
import { h, hydrate } from "preact";
import { islands } from "../islands/registry.ts";

for (const marker of document.querySelectorAll<HTMLElement>("[data-island]")) {
  const name = marker.dataset.island as keyof typeof islands;
  const Component = islands[name];
  if (!Component) {
    console.error(`no island named ${name}; is it in platform/ui/islands/registry.ts?`);
    continue;
  }
  // deno-lint-ignore no-explicit-any -- props were typed when the server rendered the marker
  hydrate(h(Component as any, JSON.parse(marker.dataset.props ?? "{}")), marker);
}
