/**
 * The server half of an island: renders the component to HTML as any other, inside a marker element that
 * carries the island's name and its props as JSON. The browser entry (client/entry.ts) finds the markers and
 * hydrates each with the same component and props, so the first paint needs no JavaScript and the page becomes
 * interactive once the bundle has loaded. Islands must not be nested; props must be plain JSON.
 */
import type { ComponentProps, ComponentType } from "preact";
import { useContext } from "preact/hooks";
import { type IslandName, islands } from "./islands/registry.ts";
import { IslandsOnPage } from "./islands-on-page.ts";

export const ISLAND_ATTRIBUTE = "data-island";
export const PROPS_ATTRIBUTE = "data-props";

export type IslandProps<N extends IslandName> = ComponentProps<typeof islands[N]>;

export function Island<N extends IslandName>({ name, props }: { name: N; props: IslandProps<N> }) {
  // deno-lint-ignore no-explicit-any -- the registry is indexed by name; props are typed by IslandProps above
  const Component = islands[name] as ComponentType<any>;
  useContext(IslandsOnPage)?.add(name);
  const marker = { [ISLAND_ATTRIBUTE]: name, [PROPS_ATTRIBUTE]: JSON.stringify(props) };
  return (
    <div {...marker}>
      <Component {...props} />
    </div>
  );
}
