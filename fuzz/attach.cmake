# Passed by fuzz/run.sh as -DCMAKE_PROJECT_INCLUDE: once the top-level CMakeLists.txt has
# defined every library, includes fuzz/targets.cmake (a no-op if the top level already added
# fuzz/ through `if(NEWSWATCH_FUZZ) add_subdirectory(fuzz) endif()`).
if(NEWSWATCH_FUZZ)
  # Deferred arguments are expanded when the call runs: fix the path now.
  cmake_language(EVAL CODE
    "cmake_language(DEFER CALL include [[${CMAKE_CURRENT_LIST_DIR}/targets.cmake]])")
endif()
