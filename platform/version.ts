/** The core's own version; plugins declare the range of core versions they work with. */
export const CORE_VERSION = "0.1.0";
