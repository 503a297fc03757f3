"""Courses (Program 2): authoring, studying, progress, course packages."""
