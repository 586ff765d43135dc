"""The Gherkin scenario suite of golive: *.feature files grouped by business flow, step library in steps/."""
