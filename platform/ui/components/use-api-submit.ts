/**
 * A form that posts to the API: busy while the call runs, and the answer's problem kept for the fields. On success
 * the form is reset and `done` gets the answer's data with the values that were sent.
 */
import { useState } from "preact/hooks";
import type { ApiResult, Problem } from "../client/api.ts";

export function useApiSubmit<T>(
  send: (form: FormData) => Promise<ApiResult<T>>,
  done: (data: T, form: FormData) => void | Promise<void>,
): { busy: boolean; problem: Problem | undefined; onSubmit: (event: Event) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>();
  const onSubmit = async (event: Event) => {
    event.preventDefault();
    const formElement = event.currentTarget as HTMLFormElement;
    const form = new FormData(formElement);
    setBusy(true);
    setProblem(undefined);
    const answer = await send(form);
    setBusy(false);
    if (!answer.ok) {
      setProblem(answer.problem);
      return;
    }
    formElement.reset();
    await done(answer.data, form);
  };
  return { busy, problem, onSubmit };
}
