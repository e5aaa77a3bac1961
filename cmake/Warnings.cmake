# Warnings are errors for the project's own code; third-party headers are system headers.
add_compile_options(-Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
if(NEWSWATCH_WERROR)
  add_compile_options(-Werror)
endif()
if(NEWSWATCH_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
