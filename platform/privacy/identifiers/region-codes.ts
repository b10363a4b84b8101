/**
 * Province-level codes of GB/T 2260 (the first two digits of an administrative division code), which open both a
 * resident ID number and the division part of a credit code. Only the province level is checked: prefecture
 * and county codes change every year as districts are merged, and a list that lags would refuse real people.
 */
export const PROVINCE_CODES: Readonly<Record<string, string>> = {
  "11": "北京市",
  "12": "天津市",
  "13": "河北省",
  "14": "山西省",
  "15": "内蒙古自治区",
  "21": "辽宁省",
  "22": "吉林省",
  "23": "黑龙江省",
  "31": "上海市",
  "32": "江苏省",
  "33": "浙江省",
  "34": "安徽省",
  "35": "福建省",
  "36": "江西省",
  "37": "山东省",
  "41": "河南省",
  "42": "湖北省",
  "43": "湖南省",
  "44": "广东省",
  "45": "广西壮族自治区",
  "46": "海南省",
  "50": "重庆市",
  "51": "四川省",
  "52": "贵州省",
  "53": "云南省",
  "54": "西藏自治区",
  "61": "陕西省",
  "62": "甘肃省",
  "63": "青海省",
  "64": "宁夏回族自治区",
  "65": "新疆维吾尔自治区",
  "71": "台湾省",
  "81": "香港特别行政区",
  "82": "澳门特别行政区",
};

/**
 * Prefixes that are not provinces but appear on valid 18-character ID numbers: 83 on residence permits for
 * Taiwan residents, 91 on the 2023 foreigner's permanent residence ID card (外国人永久居留身份证).
 */
export const ID_NUMBER_EXTRA_PREFIXES: Readonly<Record<string, string>> = {
  "83": "台湾居民居住证",
  "91": "外国人永久居留身份证",
};

/** Credit codes of bodies registered at national level carry the division code 100000. */
export const NATIONAL_DIVISION_PREFIX = "10";
