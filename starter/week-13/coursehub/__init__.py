"""CourseHub: the backend of a course platform (users, courses, study groups)."""
