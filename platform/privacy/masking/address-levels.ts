/**
 * Finds where the province, prefecture (city) and county (district) parts of a Chinese address end, so a
 * masked address can say "江苏省徐州市云龙区" and hide the street and house number. Administrative names are
 * recognised by their suffixes; the length limits stop a suffix character inside a street or building name
 * (商务区, 市场) from being taken for a district when the district itself was left out.
 */
export interface AddressLevels {
  /** Character offsets (code units) where each level ends; undefined when that level is not written. */
  province?: number;
  city?: number;
  district?: number;
}

const GAP = String.raw`\s*`;
/** A Han character that does not start a street-level word: 街道 (sub-district), 大街, 大道, 号 (house number). */
const NAME_CHAR = String.raw`(?:(?!街道|大街|大道|号)\p{Script=Han})`;
/** The same, also never 市, 区 or 县, which would end a lower level: 江苏省 and 徐州市 contain none of them. */
const UPPER_NAME_CHAR = String.raw`(?:(?![市区县])${NAME_CHAR})`;
/** The four municipalities are province and city at once: 北京市朝阳区. */
const MUNICIPALITY = new RegExp(`^${GAP}(?:北京|天津|上海|重庆)市`, "u");
const PROVINCE = new RegExp(`^${GAP}${UPPER_NAME_CHAR}{2,7}?(?:省|自治区|特别行政区)`, "u");
const CITY = new RegExp(`^${GAP}${UPPER_NAME_CHAR}{1,10}?(?:市|自治州|地区|盟)`, "u");
/**
 * 区, 县, 市 (county-level city), 旗 (Inner Mongolia); ordinary names are short (达尔罕茂明安联合旗 is the longest),
 * autonomous counties carry the names of their peoples (双江拉祜族佤族布朗族傣族自治县).
 */
const DISTRICT = new RegExp(
  `^${GAP}(?:${NAME_CHAR}{1,14}?自治[县旗]|${NAME_CHAR}{1,9}?(?:区|县|市|旗))`,
  "u",
);

export function findAddressLevels(address: string): AddressLevels {
  const levels: AddressLevels = {};
  let at = 0;
  const municipality = MUNICIPALITY.exec(address);
  if (municipality) {
    at = municipality[0].length;
    levels.province = at;
    levels.city = at;
  } else {
    const province = PROVINCE.exec(address);
    if (province) {
      at = province[0].length;
      levels.province = at;
    }
    const city = CITY.exec(address.slice(at));
    if (city) {
      at += city[0].length;
      levels.city = at;
    }
  }
  const district = DISTRICT.exec(address.slice(at));
  if (district) levels.district = at + district[0].length;
  return levels;
}
