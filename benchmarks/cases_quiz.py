"""Self-check latency for `make bench`: checking answers re-renders verdict, explanation and running total."""

from __future__ import annotations


def cases():
    from microneedling.quiz import self_check

    def answer_single(option_id):
        def change(w):
            view = w.view("q1_device_class")
            view.choice.value = option_id
            view.check_button.click()
        return change

    def move_and_check(w):
        view = w.view("q3_submit_steps")
        view.down_buttons[0].click()
        view.check_button.click()

    return [
        ("self-check: single choice check (verdict + total)", lambda: self_check("00_welcome"),
         [answer_single(o) for o in ("A", "C", "B", "D", "C", "A")], False),
        ("self-check: ordering move + check", lambda: self_check("00_welcome"), [move_and_check] * 6, False),
    ]
