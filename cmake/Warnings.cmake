# Warnings for the project's own code (third-party headers are system headers); errors with
# NEWSWATCH_WERROR, which development and CI builds turn on.
add_compile_options(-Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
# GCC 12 at -O3 / -Os reports -Wrestrict inside libstdc++'s own std::string code for
# `"literal" + std::string` (GCC bug 105329, fixed in GCC 13); nothing in our code to change.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  add_compile_options($<$<CONFIG:Release,MinSizeRel>:-Wno-restrict>)
endif()
if(NEWSWATCH_WERROR)
  add_compile_options(-Werror)
endif()
if(NEWSWATCH_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
