package io.noctria.engine.badinput;

/**
 * One invalid configuration file and the error that must refuse it.
 *
 * @param name     unique, readable name.
 * @param file     {@code engine.yml} or {@code risk_policy.yml}.
 * @param yaml     the whole file.
 * @param expected the error message after the file name and ": " (key, value and what is allowed), or its start.
 */
public record ConfigCase(String name, String file, String yaml, String expected)
{
    public static final String ENGINE = "engine.yml";
    public static final String POLICY = "risk_policy.yml";

    public boolean isPolicy()
    {
        return POLICY.equals(file);
    }

    @Override
    public String toString()
    {
        return name;
    }
}
