import assert from "node:assert/strict";
import { findAddressLevels } from "./address-levels.ts";

function parts(address: string): string[] {
  const levels = findAddressLevels(address);
  return [levels.province, levels.city, levels.district].map((end) =>
    end === undefined ? "-" : address.slice(0, end).trim()
  );
}

Deno.test("province, city and district are found by their suffixes", () => {
  assert.deepEqual(parts("江苏省徐州市云龙区中山北路123号"), ["江苏省", "江苏省徐州市", "江苏省徐州市云龙区"]);
  assert.deepEqual(parts("新疆维吾尔自治区乌鲁木齐市天山区解放北路1号"), [
    "新疆维吾尔自治区",
    "新疆维吾尔自治区乌鲁木齐市",
    "新疆维吾尔自治区乌鲁木齐市天山区",
  ]);
  assert.deepEqual(parts("吉林省延边朝鲜族自治州延吉市光明街1号"), [
    "吉林省",
    "吉林省延边朝鲜族自治州",
    "吉林省延边朝鲜族自治州延吉市",
  ]);
  assert.deepEqual(parts("内蒙古自治区鄂尔多斯市伊金霍洛旗阿勒腾席热镇"), [
    "内蒙古自治区",
    "内蒙古自治区鄂尔多斯市",
    "内蒙古自治区鄂尔多斯市伊金霍洛旗",
  ]);
  assert.deepEqual(parts("云南省临沧市双江拉祜族佤族布朗族傣族自治县勐勐镇"), [
    "云南省",
    "云南省临沧市",
    "云南省临沧市双江拉祜族佤族布朗族傣族自治县",
  ]);
  assert.deepEqual(parts("黑龙江省大兴安岭地区漠河市北极镇"), [
    "黑龙江省",
    "黑龙江省大兴安岭地区",
    "黑龙江省大兴安岭地区漠河市",
  ]);
  assert.deepEqual(parts("江苏省 徐州市 云龙区 中山北路"), ["江苏省", "江苏省 徐州市", "江苏省 徐州市 云龙区"]);
});

Deno.test("municipalities are province and city at once", () => {
  assert.deepEqual(parts("北京市朝阳区三里屯路19号"), ["北京市", "北京市", "北京市朝阳区"]);
  assert.deepEqual(parts("上海市浦东新区陆家嘴环路1000号"), ["上海市", "上海市", "上海市浦东新区"]);
  assert.deepEqual(parts("重庆市渝中区民族路188号"), ["重庆市", "重庆市", "重庆市渝中区"]);
});

Deno.test("left-out levels stay unfound instead of swallowing the street", () => {
  assert.deepEqual(parts("徐州市云龙区中山北路1号"), ["-", "徐州市", "徐州市云龙区"]);
  assert.deepEqual(parts("云龙区中山北路1号"), ["-", "-", "云龙区"]);
  assert.deepEqual(parts("济南市市中区经七路1号"), ["-", "济南市", "济南市市中区"]);
  // Dongguan has no districts: the sub-district and the business park must not be taken for one.
  assert.deepEqual(parts("广东省东莞市南城街道鸿福路南城国际商务区"), ["广东省", "广东省东莞市", "-"]);
  assert.deepEqual(parts("广东省东莞市南城街道鸿福路106号"), ["广东省", "广东省东莞市", "-"]);
  assert.deepEqual(parts("北京东路100号"), ["-", "-", "-"]);
  assert.deepEqual(parts("Room 1203, 88 Jianguo Road, Chaoyang, Beijing"), ["-", "-", "-"]);
});
