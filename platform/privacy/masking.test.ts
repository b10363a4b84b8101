import assert from "node:assert/strict";
import { maskValue, parseMaskConfig } from "./masking.ts";

Deno.test("default masks follow the conventions Chinese users know", () => {
  assert.equal(maskValue("phone", "13812345678"), "138****5678");
  assert.equal(maskValue("phone", "+86 138-1234-5678"), "138****5678");
  assert.equal(maskValue("idNumber", "11010519491231002X"), "110105********002X");
  assert.equal(maskValue("creditCode", "91350100M000100Y43"), "91350100******0Y43");
  assert.equal(maskValue("plate", "苏C12345"), "苏C***45");
  assert.equal(maskValue("plate", "苏C·12345"), "苏C***45");
  assert.equal(maskValue("plate", "苏CD12345"), "苏C****45");
  assert.equal(maskValue("bankCard", "6222 0212 3456 7890 128"), "***************0128");
  assert.equal(maskValue("email", "zhang.san@163.com"), "z****@163.com");
  assert.equal(maskValue("address", "江苏省徐州市云龙区中山北路123号"), "江苏省徐州市云龙区****");
  assert.equal(maskValue("birthDate", "1990年3月15日"), "1990-**-**");
});

Deno.test("names keep the family name, compound surnames included", () => {
  assert.equal(maskValue("name", "张三"), "张*");
  assert.equal(maskValue("name", "张三丰"), "张**");
  assert.equal(maskValue("name", "欧阳修"), "欧阳*");
  assert.equal(maskValue("name", "欧阳娜娜"), "欧阳**");
  assert.equal(maskValue("name", "司马相如"), "司马**");
  assert.equal(maskValue("name", "诸葛亮"), "诸葛*");
  // Two characters are surname + given name even when they spell a compound surname.
  assert.equal(maskValue("name", "司马"), "司*");
  assert.equal(maskValue("name", "阿卜杜拉·买买提"), "阿***·***");
  assert.equal(maskValue("name", "John Smith"), "J*** S****");
  assert.equal(maskValue("name", "Zoë O'Brien-Müller"), "Z** O'*****-******");
});

Deno.test("short values never show more than two thirds", () => {
  const wide = parseMaskConfig({ bankCard: { keepStart: 6, keepEnd: 4 } });
  assert.equal(maskValue("bankCard", "6222021234567890128", wide), "622202*********0128");
  assert.equal(maskValue("bankCard", "622202123452", wide), "6222****3452"); // 12 digits: 8 shown at most
  assert.equal(maskValue("email", "ab@qq.com"), "a****@qq.com");
  assert.equal(maskValue("email", "a@qq.com"), "****@qq.com");
});

Deno.test("a tenant's configuration changes what stays visible", () => {
  const config = parseMaskConfig({
    maskChar: "•",
    phone: { keepStart: 3, keepEnd: 0 },
    idNumber: { keepStart: 3 },
    plate: { keepStart: 1, keepEnd: 0 },
    name: { keepEnd: 1 },
    email: { keepStart: 0 },
    address: { keepLevel: "city" },
  });
  assert.equal(maskValue("phone", "13812345678", config), "138••••••••");
  assert.equal(maskValue("idNumber", "11010519491231002X", config), "110•••••••••••002X");
  assert.equal(maskValue("plate", "苏C12345", config), "苏••••••");
  assert.equal(maskValue("name", "张三丰", config), "张•丰");
  assert.equal(maskValue("name", "张三", config), "张•"); // keepEnd never shows the whole given name
  assert.equal(maskValue("name", "欧阳娜娜", config), "欧阳•娜");
  assert.equal(maskValue("email", "zhang.san@163.com", config), "••••@163.com");
  assert.equal(maskValue("address", "江苏省徐州市云龙区中山北路123号", config), "江苏省徐州市••••");
  const hidden = parseMaskConfig({ name: { keepSurname: false }, address: { keepLevel: "none" } });
  assert.equal(maskValue("name", "张三丰", hidden), "***");
  assert.equal(maskValue("name", "John Smith", hidden), "**** *****");
  assert.equal(maskValue("address", "江苏省徐州市云龙区中山北路123号", hidden), "****");
});

Deno.test("addresses keep what they name down to the district", () => {
  assert.equal(maskValue("address", "北京市朝阳区三里屯路19号"), "北京市朝阳区****");
  assert.equal(maskValue("address", "广东省东莞市南城街道鸿福路106号"), "广东省东莞市****");
  assert.equal(maskValue("address", "Room 1203, 88 Jianguo Road, Chaoyang, Beijing"), "****");
  const province = parseMaskConfig({ address: { keepLevel: "province" } });
  assert.equal(maskValue("address", "北京市朝阳区三里屯路19号", province), "北京市****");
});

Deno.test("a value that does not validate is hidden entirely", () => {
  assert.equal(maskValue("phone", "025-83123456"), "****");
  assert.equal(maskValue("idNumber", "320311198506121238"), "****");
  assert.equal(maskValue("plate", "not a plate"), "****");
  assert.equal(maskValue("email", "nobody"), "****");
});
