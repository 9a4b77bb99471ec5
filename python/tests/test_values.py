import math
import unittest

import support  # noqa: F401  (puts python/ on sys.path)
from mlcycle._values import js_number_text, label_text, param_text, score_value, tag_text


class JsNumberTextTest(unittest.TestCase):
    def test_prints_floats_as_javascript_does(self):
        cases = {
            1.0: "1", -2.0: "-2", 0.1: "0.1", 123.456: "123.456", 1e16: "10000000000000000", 1e21: "1e+21",
            1.5e21: "1.5e+21", 1e-6: "0.000001", 1e-7: "1e-7", -2.5e-8: "-2.5e-8", 0.0: "0",
            float("nan"): "NaN", float("inf"): "Infinity", float("-inf"): "-Infinity",
        }
        for value, text in cases.items():
            self.assertEqual(js_number_text(value), text, value)


class StoredTextTest(unittest.TestCase):
    def test_labels_compare_equal_whatever_their_python_type(self):
        self.assertEqual([label_text(1), label_text(1.0), label_text(True), label_text("cat"), label_text(None)], ["1", "1", "true", "cat", None])
        self.assertEqual(label_text([1, 2]), "[1,2]")

    def test_params_are_json_with_non_finite_numbers_as_strings(self):
        self.assertEqual(param_text("lr", 0.1), "0.1")
        self.assertEqual(param_text("layers", (64, 64)), "[64,64]")
        self.assertEqual(param_text("odd", {"a": float("nan"), "b": [float("-inf")]}), '{"a":"NaN","b":["-Infinity"]}')
        self.assertEqual(param_text("path", object.__new__(type("Path", (), {"__str__": lambda self: "/x"}))), '"/x"')

    def test_refuses_oversized_values_and_keys_naming_them(self):
        with self.assertRaisesRegex(ValueError, r'param "huge" is 1000002 bytes, over the 1 MB limit'):
            param_text("huge", "x" * 1000000)
        with self.assertRaisesRegex(ValueError, r'tag "note" is 1000001 bytes'):
            tag_text("note", "y" * 1000001)
        with self.assertRaisesRegex(ValueError, "longer than 250 characters"):
            param_text("k" * 251, 1)
        with self.assertRaisesRegex(ValueError, "must be a string, number or boolean"):
            tag_text("t", {"a": 1})

    def test_tags_print_like_javascript(self):
        self.assertEqual([tag_text("a", True), tag_text("b", 3), tag_text("c", 2.0)], ["true", "3", "2"])

    def test_scores_keep_the_confidence_of_a_probability_row(self):
        self.assertEqual(score_value([0.1, 0.7, 0.2], 1), 0.7)
        self.assertIsNone(score_value(float("nan"), 1))
        with self.assertRaisesRegex(ValueError, "score must be a number"):
            score_value("high", 1)
        self.assertTrue(math.isinf(score_value(float("inf"), 1)))


if __name__ == "__main__":
    unittest.main()
