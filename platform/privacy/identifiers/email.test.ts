import { validateEmail } from "./email.ts";
import { assertAccepted, assertRefused } from "./validation-asserts.ts";

Deno.test("email addresses are accepted and lower-cased", () => {
  assertAccepted(validateEmail("zhang.san@163.com"), "zhang.san@163.com");
  assertAccepted(validateEmail(" 12345678@QQ.com "), "12345678@qq.com");
  assertAccepted(validateEmail("Zhang.San+vip@Example.COM.CN"), "zhang.san+vip@example.com.cn");
  assertAccepted(validateEmail("ｌｉ＠１２６．ｃｏｍ"), "li@126.com"); // full-width, from a Chinese keyboard
  assertAccepted(validateEmail("service@例子.中国"), "service@xn--fsqu00a.xn--fiqs8s");
  assertAccepted(validateEmail("a@b.co"), "a@b.co");
});

Deno.test("email addresses are refused with the reason", () => {
  assertRefused(validateEmail(""), /empty/);
  assertRefused(validateEmail("zhang san@163.com"), /must not contain spaces/);
  assertRefused(validateEmail("zhangsan163.com"), /exactly one @/);
  assertRefused(validateEmail("zhang@san@163.com"), /exactly one @/);
  assertRefused(validateEmail("@163.com"), /needs a name before the @/);
  assertRefused(validateEmail("zhangsan@"), /needs a domain after the @/);
  assertRefused(validateEmail(".zhang@163.com"), /no dot at either end/);
  assertRefused(validateEmail("zhang..san@163.com"), /part before the @/);
  assertRefused(validateEmail("张三@163.com"), /part before the @ may contain letters, digits/);
  assertRefused(validateEmail(`${"a".repeat(65)}@163.com`), /at most 64 characters/);
  assertRefused(validateEmail("zhangsan@localhost"), /needs a dot/);
  assertRefused(validateEmail("zhangsan@-163.com"), /letters, digits and hyphens between dots/);
  assertRefused(validateEmail("zhangsan@163..com"), /letters, digits and hyphens/);
  assertRefused(validateEmail("zhangsan@163.c"), /top-level domain/);
  assertRefused(validateEmail("zhangsan@163.123"), /top-level domain/);
  assertRefused(
    validateEmail(`a@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.${"e".repeat(60)}.cn`),
    /at most 254/,
  );
});
