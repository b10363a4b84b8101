/**
 * The card's QR code as SVG, drawn by the `uqr` encoder on the server (plugins ship no browser code). Error
 * correction M survives a scratched phone screen; the four-module quiet zone is what scanners at tills expect.
 */
import { renderSVG } from "uqr";

export function qrSvg(text: string): string {
  return renderSVG(text, { ecc: "M", border: 4, pixelSize: 8 });
}

/** The SVG as an image address, for an <img> (no markup from a string is put into the page). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;base64,${btoa(svg)}`;
}
