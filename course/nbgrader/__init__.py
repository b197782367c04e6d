"""nbgrader glue: the preprocessors grading/nbgrader_config.py configures, and running nbgrader.
"""
